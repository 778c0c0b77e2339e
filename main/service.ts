/** Kept so that `import { Service } from 'main/service'` reads as before: the service lives in main/service/. */
export { Service, ServiceError, type ServiceOptions } from './service/index';
