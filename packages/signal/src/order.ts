/**
 * Row order by time, then channel, then row (strax.sort_by_time), for float64 time offsets.
 * Returns row indices; the data are left in place.
 */
export function timeChannelOrder(time: Float64Array, channel: Int16Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && (time[i] < time[i - 1] || (time[i] === time[i - 1] && channel[i] < channel[i - 1]))) sorted = false;
  }
  if (!sorted) order.sort((a, b) => time[a] - time[b] || channel[a] - channel[b] || a - b);
  return order;
}
