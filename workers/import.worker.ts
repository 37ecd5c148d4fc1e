/// <reference lib="webworker" />
// Entry point of the import worker: exposes the import API over Comlink. Nothing else here.
import { expose } from 'comlink';
import { importApi } from './import-api';

expose(importApi);
