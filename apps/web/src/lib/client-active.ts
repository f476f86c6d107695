import type { ChatSocket } from './socket';

/** A client with focus says so again this often (the server counts a report for 60 s). */
export const ACTIVE_REPORT_EVERY_MS = 30_000;

export interface ActivityReporterOptions {
  /** Emits `client:active` (only while connected). */
  report(active: boolean): void;
  connected(): boolean;
  /** Whether this page is the one the person looks at: visible and focused. */
  active(): boolean;
  every?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/**
 * `client:active` (Contract v2 → Notifications): while this page is visible and has focus the server hears `true`
 * at once and again every 30 s, so it pushes nothing to this person's other devices; losing focus, hiding the tab or
 * leaving says `false` at once. A fresh connection hears the current state when it is active.
 */
export class ActivityReporter {
  private last: boolean | null = null;
  private timer: unknown = null;
  private readonly every: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: ActivityReporterOptions) {
    this.every = options.every ?? ACTIVE_REPORT_EVERY_MS;
    this.setTimer = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
    this.clearTimer = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  }

  /** Focus, blur or visibility changed: report a change at once. */
  changed(): void {
    const active = this.options.active();
    if (active === this.last) return;
    this.send(active);
  }

  /** A (re)connected socket knows nothing of this page yet. */
  connected(): void {
    this.last = null;
    if (this.options.active()) this.send(true);
  }

  disconnected(): void {
    this.last = null;
    this.stopTimer();
  }

  stop(): void {
    if (this.last === true && this.options.connected()) this.options.report(false);
    this.last = null;
    this.stopTimer();
  }

  private send(active: boolean): void {
    if (!this.options.connected()) return;
    this.last = active;
    this.options.report(active);
    this.stopTimer();
    if (active) {
      this.timer = this.setTimer(() => {
        if (this.options.active()) this.options.report(true);
        else this.changed();
      }, this.every);
    }
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }
}

/** Starts the reports for the app's socket; returns their end. */
export function startActivityReports(socket: ChatSocket): () => void {
  const reporter = new ActivityReporter({
    report: (active) => void socket.emit('client:active', { active }, () => undefined),
    connected: () => socket.connected,
    active: () => document.visibilityState === 'visible' && document.hasFocus(),
  });
  const changed = () => reporter.changed();
  const onConnect = () => reporter.connected();
  const onDisconnect = () => reporter.disconnected();
  window.addEventListener('focus', changed);
  window.addEventListener('blur', changed);
  document.addEventListener('visibilitychange', changed);
  window.addEventListener('pagehide', changed);
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  if (socket.connected) reporter.connected();
  return () => {
    window.removeEventListener('focus', changed);
    window.removeEventListener('blur', changed);
    document.removeEventListener('visibilitychange', changed);
    window.removeEventListener('pagehide', changed);
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    reporter.stop();
  };
}
