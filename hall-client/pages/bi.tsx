import type { ReactNode } from 'react';
import type { BilingualText } from '../../shared/src/client/shell-bridge.ts';

/** Chinese first, English complete, on two lines. */
export function Bi(props: {
  readonly text: BilingualText;
  readonly className?: string;
}): ReactNode {
  return (
    <span className={`pg-bi ${props.className ?? ''}`}>
      <span className="pg-zh" lang="zh-CN">
        {props.text.zh}
      </span>
      <span className="pg-en" lang="en">
        {props.text.en}
      </span>
    </span>
  );
}
