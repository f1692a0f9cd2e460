// The privacy-requests feature's public face: the only file another feature imports (docs/architecture.md).
export {
  answerPrivacyRequestAsOperator,
  answerPrivacyRequestFromCli,
  listPrivacyRequestsAsOperator,
  showPrivacyRequestAsOperator,
} from './privacy-requests.operator';
export { registerPrivacyRequests } from './privacy-requests.routes';
