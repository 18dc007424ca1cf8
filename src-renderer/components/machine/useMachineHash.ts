import { useEffect } from 'react';
import { getMachineState, machineActions, useMachineStore } from '../../store/machine-store';
import { hashWithMachine, machineOpenInHash } from './machine-hash';

/**
 * Keeps the view's open state and the address's fragment together: '#view=machine' opens it on
 * load (a reload keeps it open), and opening or closing it rewrites the fragment in place
 * (replaceState: no navigation, no history entry).
 */
export function useMachineHash(): void {
  const open = useMachineStore((s) => s.open);
  useEffect(() => {
    const follow = (): void => {
      const wanted = machineOpenInHash(window.location.hash);
      if (wanted !== getMachineState().open) machineActions.setOpen(wanted);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => {
    const { hash, pathname, search } = window.location;
    const next = hashWithMachine(hash, open);
    if (next !== hash && !(next === '' && hash === '#'))
      window.history.replaceState(window.history.state, '', `${pathname}${search}${next}`);
  }, [open]);
}
