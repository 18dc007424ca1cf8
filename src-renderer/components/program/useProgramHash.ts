import { useEffect } from 'react';
import { getMachineState, machineActions, useMachineStore } from '../../store/machine-store';
import { getProgramState, programActions, useProgramStore } from '../../store/program-store';
import { hashWithProgram, programOpenInHash } from './program-hash';

/**
 * Keeps the program view's open state and the address's fragment together ('#view=program', as
 * the machine view does with its own part), and keeps one view open at a time: opening the
 * program view closes the machine view, and the other way round.
 */
export function useProgramHash(): void {
  const open = useProgramStore((s) => s.open);
  const machineOpen = useMachineStore((s) => s.open);
  useEffect(() => {
    const follow = (): void => {
      const wanted = programOpenInHash(window.location.hash);
      if (wanted !== getProgramState().open) programActions.setOpen(wanted);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => {
    const { hash, pathname, search } = window.location;
    const next = hashWithProgram(hash, open);
    if (next !== hash && !(next === '' && hash === '#'))
      window.history.replaceState(window.history.state, '', `${pathname}${search}${next}`);
    if (open && getMachineState().open) machineActions.setOpen(false);
  }, [open]);
  useEffect(() => {
    if (machineOpen && getProgramState().open) programActions.setOpen(false);
  }, [machineOpen]);
}
