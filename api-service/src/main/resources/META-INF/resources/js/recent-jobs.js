// The user's recent restorations. There are no accounts yet, so "the user's jobs" are the ones this browser
// submitted, remembered in local storage; their status always comes from the API.

import * as api from './api.js';

const STORAGE_KEY = 'revive.recent-jobs';
const KEPT = 20;

export class RecentJobs {
  constructor(table, { onOpen, onCancel }) {
    this.body = table.tBodies[0];
    this.onOpen = onOpen;
    this.onCancel = onCancel;
    this.statuses = new Map();
  }

  entries() {
    try {
      const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || '[]');
      return Array.isArray(stored) ? stored : [];
    } catch {
      return [];
    }
  }

  remember(job, photoName) {
    const rest = this.entries().filter((entry) => entry.id !== job.id);
    const entries = [{ id: job.id, name: photoName, task: job.task }, ...rest].slice(0, KEPT);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
    this.update(job);
  }

  /** Records a job's latest status and redraws. */
  update(job) {
    this.statuses.set(job.id, job.status);
    this.render();
  }

  /** Asks the API for the status of every remembered job that may still change. */
  async refresh() {
    await Promise.all(this.entries().map(async (entry) => {
      if (api.FINAL.has(this.statuses.get(entry.id))) {
        return;
      }
      try {
        this.statuses.set(entry.id, (await api.job(entry.id)).status);
      } catch (error) {
        this.statuses.set(entry.id, error.code === 'not-found' ? 'gone' : 'unknown');
      }
    }));
    this.render();
  }

  render() {
    this.body.replaceChildren(...this.entries().map((entry) => this.row(entry)));
  }

  row(entry) {
    const status = this.statuses.get(entry.id) || '…';
    const row = document.createElement('tr');
    row.dataset.job = entry.id;
    for (const text of [entry.name, entry.task, status]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    row.cells[2].className = `status status-${status}`;
    const actions = document.createElement('td');
    if (status !== 'gone') {
      actions.append(this.button('Open', `Open ${entry.name}`, () => this.onOpen(entry)));
    }
    if (status === 'queued' || status === 'running') {
      actions.append(this.button('Cancel', `Cancel ${entry.name}`, () => this.onCancel(entry)));
    }
    row.append(actions);
    return row;
  }

  button(text, label, action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text;
    button.setAttribute('aria-label', label);
    button.addEventListener('click', action);
    return button;
  }
}
