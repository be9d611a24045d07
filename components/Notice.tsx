/** One button of a notice. */
export interface NoticeAction {
  label: string;
  onClick: () => void;
  primary?: boolean;
}

/** The message, its tone, and the actions offered under it. */
export interface NoticeProps {
  title: string;
  body?: string;
  tone?: 'info' | 'warning' | 'error';
  actions?: NoticeAction[];
  testId?: string;
}

/** A full-width message in place of an article: why there is nothing to read, and what to do. */
export function Notice({ title, body, tone = 'info', actions = [], testId }: NoticeProps) {
  return (
    <section class={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <h2 class="notice-title">{title}</h2>
      {body && <p class="notice-body">{body}</p>}
      {actions.length > 0 && (
        <div class="notice-actions">
          {actions.map((action) => (
            <button key={action.label} type="button" class={action.primary ? 'button button--primary' : 'button'} onClick={action.onClick}>
              {action.label}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
