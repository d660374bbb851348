import { parentPort, workerData } from 'node:worker_threads';
import { type SimulationSpec, Simulator } from './simulator.js';
import { packWindow, type WindowRequest } from './transfer.js';

/** A worker thread simulating the windows the main thread sends it, one at a time. */
const simulator = new Simulator(workerData as SimulationSpec);
const port = parentPort!;
port.on('message', (req: WindowRequest) => {
  try {
    const packed = packWindow(req.index, simulator.window(req.startNs, req.endNs));
    port.postMessage(packed, packed.transfer);
  } catch (err) {
    port.postMessage({ index: req.index, error: (err as Error).stack ?? String(err) });
  }
});
