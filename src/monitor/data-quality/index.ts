/**
 * The `DataQuality` monitoring job: profile a window of captured traffic (or a data set), check it
 * against the baseline's statistics and constraints, write Model Monitor's files.
 */
import type { MonitoringJob } from '../monitoring-job.js';
import { dataQualityJob } from './data-quality-job.js';
import { profileWindow } from './profile-window.js';

export { type DataProfiler, dataQualityJob, type ProfiledData } from './data-quality-job.js';
export { profileWindow } from './profile-window.js';

export const dataQuality: MonitoringJob = dataQualityJob(profileWindow);
