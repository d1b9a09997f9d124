export type {
  Delivery,
  DocumentQueue,
  OutgoingMessage,
  PublishReceipt,
  QueueConsumer,
  QueueStats,
  Routing,
} from './seam.js';
export { openJetStreamQueue } from './jetstream.js';
export type { JetStreamOptions } from './jetstream.js';
export { deploymentName, streamName, subjectOf, subjectPrefix, subjectToken } from './subjects.js';
