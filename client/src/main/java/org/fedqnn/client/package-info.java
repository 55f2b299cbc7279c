/**
 * The device side of the federation (Algorithm 1): a {@link org.fedqnn.client.DeviceHost} runs
 * M {@link org.fedqnn.client.DeviceSession}s in one JVM over one channel
 * ({@link org.fedqnn.client.DeviceChannels}); each registers, long-polls for tasks, trains I
 * local steps on its shard ({@link org.fedqnn.client.DeviceData},
 * {@link org.fedqnn.client.LocalTrainer}), and uploads its delta quantized with eq. (4)
 * ({@link org.fedqnn.client.UpdateEncoder}). The devices take turns at computing
 * ({@link org.fedqnn.client.ComputeTurn}); every random stream derives from the run seed, the
 * round and the device index, so results never depend on thread timing.
 */
package org.fedqnn.client;
