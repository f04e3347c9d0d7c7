// Public surface of SDP offer/answer.
export {
  answerOffer,
  answerDirection,
  createOffer,
  readAnswer,
  type AnswerResult,
  type LocalMedia,
  type NegotiatedMedia,
} from './offer-answer.ts';
