// A progress bar fed by the shell's `progress` events for one task.

import * as api from './api.js';
import { h } from './dom.js';
import { formatNumber } from './format.js';

/**
 * Returns {el, stop}. The bar is indeterminate (moving) while a one-step task runs,
 * and counts steps when the task has several (import: one per bundle), with the
 * event's label. `stop()` stops listening.
 */
export async function track(task, { testid = `${task}-progress`, startLabel = 'Đang làm…' } = {}) {
  const bar = h('progress', { max: 1 });
  bar.removeAttribute('value'); // indeterminate until the first event
  const label = h('div', { class: 'progress-label', role: 'status' }, startLabel);
  const el = h('div', { class: 'progress', 'data-testid': testid }, bar, label);
  let stop = () => {};
  try {
    stop = await api.onProgress(task, (p) => {
      const total = Number(p.total) || 0;
      const done = Math.min(Number(p.done) || 0, total);
      if (total === 0) {
        // A new step whose size is not known yet: moving again.
        bar.removeAttribute('value');
        if (p.label) label.textContent = p.label;
      } else if (total > 1) {
        // Several steps (one per bundle): a real bar with "2/5".
        bar.max = total;
        bar.value = done;
        label.textContent = `${p.label || startLabel} (${formatNumber(done)}/${formatNumber(total)})`;
      } else {
        // One step (export, backup, restore, demo): moving until it is done, then full.
        if (total === 1 && done === 1) { bar.max = 1; bar.value = 1; }
        if (p.label) label.textContent = p.label;
      }
    });
  } catch { /* no events: the bar stays indeterminate, which is still honest */ }
  return { el, stop: () => stop() };
}
