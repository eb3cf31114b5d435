/**
 * Editing a finished clustering, never overwriting it: names (label.ts), merging clusters
 * (merge.ts), moving outliers into clusters (reassign.ts), and the cluster hierarchy
 * (hierarchy.ts). Each edit makes a new clustering whose parent is the old one, and appends to
 * the audit log.
 */
export { createLabeler, clustersToName, labelStoredClustering, saveNames, storedClustersToName, type LabelStoredOptions } from './label.js';
export { mergeClusters, mergeLabelMap, type MergeOptions } from './merge.js';
export { assignOutliers, reassignOutliers, REASSIGN_STRATEGIES, type ReassignOptions, type ReassignResult, type ReassignStrategy } from './reassign.js';
export { averageLinkage, buildClusterHierarchy, clusterHierarchy, HIERARCHY_METHOD } from './hierarchy.js';
export { saveDerivedClustering, type EditAudit, type EditResult } from './derive.js';
export { editor } from './who.js';
