export { ARROW_STREAM } from './routes/data.js';
export { createServer, type DanceServer, type ServerOptions } from './server.js';
