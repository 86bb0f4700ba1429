import type { GroupShape } from './people';
import { groupStyle } from './people';

const PATHS: Record<GroupShape, string> = {
  circle: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z',
  triangle: 'M12 3L22 20H2z',
  square: 'M4 4h16v16H4z',
  diamond: 'M12 2l10 10-10 10L2 12z',
  star: 'M12 2l2.9 6.6 7.1.6-5.4 4.7 1.6 7-6.2-3.7-6.2 3.7 1.6-7L2 9.2l7.1-.6z',
  hexagon: 'M7 3h10l5 9-5 9H7l-5-9z',
  cross: 'M9 2h6v7h7v6h-7v7H9v-7H2V9h7z',
  pentagon: 'M12 2l10 7.3-3.8 11.7H5.8L2 9.3z',
};

/** The group's shape in its colour, then its name. */
export function GroupMark({ position, name, size = 16 }: { position: number; name?: string; size?: number }) {
  const { colour, shape } = groupStyle(position);
  return (
    <span className="pb-group-mark">
      <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={PATHS[shape]} fill={colour} />
      </svg>
      {name !== undefined && <span>{name}</span>}
    </span>
  );
}
