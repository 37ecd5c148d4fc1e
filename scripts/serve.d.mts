import type { Server } from 'node:http';
export declare function createServer(dir: string): Server;
export declare function listen(server: Server, port: number, host: string): Promise<string>;
