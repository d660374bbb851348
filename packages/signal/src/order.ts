/**
 * Row order by time, then channel, then row (strax.sort_by_time), for float64 time offsets.
 * Returns row indices; the data are left in place. Hits come out of records almost sorted, so an
 * insertion sort (linear in the number of misplaced pairs) does the work; it hands over to the
 * general sort when the input turns out to be far from sorted.
 */
export function timeChannelOrder(time: Float64Array, channel: Int16Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let budget = 16 * n + 1024;
  for (let i = 1; i < n; i++) {
    const row = order[i];
    const t = time[row];
    const c = channel[row];
    let j = i - 1;
    while (j >= 0 && (t < time[order[j]] || (t === time[order[j]] && c < channel[order[j]]))) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = row;
    budget -= i - 1 - j;
    if (budget < 0) return order.sort((a, b) => time[a] - time[b] || channel[a] - channel[b] || a - b);
  }
  return order;
}
