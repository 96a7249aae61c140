import type { ReactNode } from 'react';
import type { RatingScore } from '@hallq/shared';

/** Mouth curvature per score: positive smiles, negative frowns (no emoji font needed). */
const MOUTH: Readonly<Record<RatingScore, number>> = {
  very_satisfied: 14,
  satisfied: 8,
  basic: 0,
  dissatisfied: -8,
  very_dissatisfied: -14,
};

/** A simple drawn face for a rating level, in the current text colour. */
export function Face(props: {
  readonly score: RatingScore;
  readonly className?: string;
}): ReactNode {
  const curve = MOUTH[props.score];
  const y = curve >= 0 ? 40 : 46;
  return (
    <svg className={props.className} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="28" fill="none" stroke="currentColor" strokeWidth="4" />
      <circle cx="22" cy="25" r="4" fill="currentColor" />
      <circle cx="42" cy="25" r="4" fill="currentColor" />
      {props.score === 'very_dissatisfied' && (
        <path
          d="M15 15 L27 20 M49 15 L37 20"
          stroke="currentColor"
          strokeWidth="4"
          strokeLinecap="round"
        />
      )}
      <path
        d={`M19 ${y} Q32 ${y + curve} 45 ${y}`}
        fill="none"
        stroke="currentColor"
        strokeWidth="4"
        strokeLinecap="round"
      />
    </svg>
  );
}
