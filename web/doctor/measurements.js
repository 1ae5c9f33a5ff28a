// measurements.js: the measurements a finished run's findings may ask for, in
// the order they run: each reads the findings as the one before revised them.
// The page (fix-trial.js, in the experiments' pool) and the command line
// (tools/train.mjs, on its engine) share the list.
import { CAPACITY_TRIAL } from './capacity-trial.js';
import { NORM_TRIAL } from './norm-trial.js';
import { RATE_TRIAL } from './rate-trial.js';

export const MEASUREMENTS = [RATE_TRIAL, NORM_TRIAL, CAPACITY_TRIAL];
