// The wbsapi feature's public face: the only file another feature imports (docs/architecture.md).
export { registerWbsapiNotify } from './notify.routes';
export { createNotifyService } from './notify.service';
export { registerWbsapi } from './wbsapi.routes';
