/** The service: one object implementing the contract (service.ts) and the one way in for doors (dispatch.ts). */
export { Service, type ServiceOptions } from './service';
export { ServiceError } from './errors';
export { dispatch, failureOf, noMethod, type Dispatched, type Failure } from './dispatch';
export type { ImportTarget } from './imports';
