// The mail feature's public face: the only file another feature imports (docs/architecture.md).
export { forgetUserInOutbox } from './mail-erasure';
export { mailOutbox } from './mail.schema';
export { createMailer, type Mailer } from './mail.service';
