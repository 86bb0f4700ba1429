import { useCallback, useEffect, useRef, useState } from 'react';

export interface ToastItem {
  id: number;
  text: string;
  tone: 'error' | 'info';
}

/** A small stack of transient messages at the bottom of the screen. */
export function useToasts(): [ToastItem[], (text: string, tone?: ToastItem['tone']) => void] {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const push = useCallback((text: string, tone: ToastItem['tone'] = 'error') => {
    const id = next.current++;
    setItems((xs) => [...xs.filter((x) => x.text !== text), { id, text, tone }].slice(-3));
    timers.current.push(setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== id)), 5000));
  }, []);
  return [items, push];
}

export function Toasts({ items }: { items: ToastItem[] }) {
  return (
    <div className="pb-toasts" role="status" aria-live="polite">
      {items.map((x) => (
        <div key={x.id} className={`pb-toast pb-toast-${x.tone}`}>
          {x.text}
        </div>
      ))}
    </div>
  );
}
