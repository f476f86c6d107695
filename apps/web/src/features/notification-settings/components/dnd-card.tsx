import type { Me } from '@chat/contracts';
import { useId, useState, type FormEvent } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { describeError } from '../../../lib/errors';
import { inDnd, tomorrowMorning, untilText } from '../../../lib/notify-rules';
import { useNow } from '../../../lib/use-now';
import { useUpdateNotificationSettings } from '../api/update-notification-settings';

type Choice = 'off' | '1h' | 'tomorrow' | 'custom';

export type DndCardProps = { me: Me };

/** `datetime-local` wants local time without a zone: "2026-12-06T08:00". */
function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Do not disturb (React Aria's RadioGroup: arrow keys move and choose): off, for an hour, until tomorrow 08:00, or until
 * a chosen date and time. Presets save at once; a custom time saves with its button. While it holds, nothing is
 * pushed, mailed or shown on the desktop; notifications are still kept in the list.
 */
export function DndCard({ me }: DndCardProps) {
  const now = useNow(30_000);
  const save = useUpdateNotificationSettings();
  const active = inDnd(me.dndUntil, now);
  const [choice, setChoice] = useState<Choice>(active ? 'custom' : 'off');
  const [custom, setCustom] = useState(() => toLocalInput(active ? Date.parse(me.dndUntil!) : now + 2 * 3_600_000));
  const [customError, setCustomError] = useState<string | null>(null);
  const inputId = useId();

  const put = (dndUntil: string | null) => save.mutate({ dndUntil });

  const choose = (value: Choice) => {
    setChoice(value);
    setCustomError(null);
    if (value === 'off') put(null);
    if (value === '1h') put(new Date(Date.now() + 3_600_000).toISOString());
    if (value === 'tomorrow') put(tomorrowMorning(Date.now()));
  };

  const saveCustom = (event: FormEvent) => {
    event.preventDefault();
    const at = new Date(custom).getTime();
    if (!Number.isFinite(at) || at <= Date.now()) {
      setCustomError('Choose a date and time in the future.');
      return;
    }
    setCustomError(null);
    put(new Date(at).toISOString());
  };

  return (
    <section className="card" aria-labelledby="dnd-title">
      <h2 className="card__title" id="dnd-title">
        Do not disturb
      </h2>
      <p className="card__description" role="status">
        {active
          ? `On until ${untilText(me.dndUntil!, now)}: nothing is pushed, mailed or shown on the desktop. Notifications are still listed.`
          : 'Off. Pause pushes, e-mails and desktop notifications for a while; notifications are still listed.'}
      </p>
      <RadioGroup className="settings-radios" value={choice} onChange={(v) => choose(v as Choice)} isDisabled={save.isPending}>
        <Label className="field__label">Pause notifications</Label>
        <Radio className="settings-radio" value="off">
          Off
        </Radio>
        <Radio className="settings-radio" value="1h">
          For 1 hour
        </Radio>
        <Radio className="settings-radio" value="tomorrow">
          Until tomorrow (08:00)
        </Radio>
        <Radio className="settings-radio" value="custom">
          Until a date and time…
        </Radio>
      </RadioGroup>
      {choice === 'custom' && (
        <form className="settings-custom" onSubmit={saveCustom} noValidate>
          <div className={`field${customError ? ' field--invalid' : ''}`}>
            <label className="field__label" htmlFor={inputId}>
              Do not disturb until
            </label>
            <input
              id={inputId}
              className="input"
              type="datetime-local"
              value={custom}
              min={toLocalInput(now)}
              onChange={(e) => setCustom(e.target.value)}
              aria-invalid={customError ? true : undefined}
              aria-describedby={customError ? `${inputId}-error` : undefined}
            />
            {customError && (
              <p className="field__error" id={`${inputId}-error`}>
                {customError}
              </p>
            )}
          </div>
          <Button type="submit" variant="secondary" pending={save.isPending}>
            Save
          </Button>
        </form>
      )}
      {save.isError && (
        <Alert tone="error" title="Do not disturb was not changed">
          {describeError(save.error)}
        </Alert>
      )}
    </section>
  );
}
