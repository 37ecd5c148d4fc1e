/// <reference lib="webworker" />
// Entry point of the analysis worker: exposes the analysis API over Comlink. Nothing else here.
import { expose } from 'comlink';
import { analyzeApi } from './analyze-api';

expose(analyzeApi);
