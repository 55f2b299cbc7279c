/**
 * What a tensor looks like on the uplink and downlink, as domain values: {@code WireEncoding}
 * (fixed point at n bits, or float32) and {@code ExpectedTensor} (name, shape, encoding). The
 * round logic chooses them; the proto module converts them to and from its messages.
 */
package org.fedqnn.qnn.wire;
