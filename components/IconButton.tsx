import type { ButtonHTMLAttributes } from 'preact';
import { Icon, type IconProps } from './Icon';

/** What the button says (its accessible name and tooltip), its icon, and the usual button attributes. */
export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'icon' | 'label' | 'class' | 'type'> {
  label: string;
  icon: IconProps['name'];
  /** Destructive actions (delete) are drawn in the danger colour. */
  danger?: boolean;
  testId?: string;
}

/** An icon-only toolbar button: the label is both its accessible name and its tooltip. */
export function IconButton({ label, icon, danger = false, testId, ...rest }: IconButtonProps) {
  return (
    <button
      type="button"
      class={danger ? 'button button--icon-only button--danger' : 'button button--icon-only'}
      aria-label={label}
      title={label}
      data-testid={testId}
      {...rest}
    >
      <Icon name={icon} />
    </button>
  );
}
