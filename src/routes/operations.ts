// Every documented operation, in the document's order: each route file writes the entries of its own routes.
import type { OperationDoc } from '../openapi/types.js';
import { adminOperations } from './admin.js';
import { docsOperations } from './docs.js';
import { embedOperations } from './embed.js';
import { eventOperations } from './events.js';
import { feedOperations } from './feeds.js';
import { headlineOperations } from './headlines.js';
import { opsOperations } from './ops.js';
import { reportOperations } from './reports.js';
import { thumbnailOperations } from './thumbnails.js';
import { widgetOperations } from './widget.js';
import { widgetHtmlOperations } from './widget-html.js';

export const OPERATIONS: readonly OperationDoc[] = [
  ...adminOperations,
  ...feedOperations,
  ...reportOperations('admin'),
  ...headlineOperations,
  ...reportOperations('partner'),
  ...widgetOperations,
  ...widgetHtmlOperations,
  ...eventOperations,
  ...thumbnailOperations,
  ...embedOperations,
  ...opsOperations,
  ...docsOperations,
];
