/**
 * The console's browser code: each server-rendered page marks where a live part goes with
 * data-widget, and this mounts the matching Preact component there with the page's data.
 */
import './console.css';
import './funnel-chart.js';
import './broadcast-progress.js';
import './reply-entry.js';
import { mountWidgets } from './widgets.js';

mountWidgets(document);
