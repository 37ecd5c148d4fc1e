/// <reference lib="webworker" />
// Entry point of the k-means helper worker (started by the analysis worker).
import { expose } from 'comlink';
import { kmeansApi } from './kmeans-api';

expose(kmeansApi);
