export { startProviderServer, type ProviderServer, type ProviderServerOptions, type ProviderServerStats, type LoggedRequest } from './server.js';
export type { Fault, FaultContext, FaultPlan, Route } from './faults.js';
export type { Flavour } from './flavours.js';
export { describeForTest, embedForTest, defaultDimensions } from './answers.js';
export { useProviderServers } from './lifecycle.js';
