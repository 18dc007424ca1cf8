import type { ReactNode } from 'react';
import { useLabStore } from '../store/lab-store';
import { useTheme } from '../hooks/useTheme';
import type { ConnectionStatus } from '../store/web-bridge';
import { machineActions, useMachineStore } from '../store/machine-store';
import { programActions, useProgramStore } from '../store/program-store';
import './AppHeader.css';

const CONNECTION_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'connecting…',
  open: 'connected',
  closed: 'disconnected — restart the host and reload',
  refused: "this link's token is not valid: open the URL the host printed",
  behind: 'disconnected: this tab fell too far behind the Lab — reload it',
  full: 'disconnected: the host serves no more tabs — close one, then reload this one',
};

/** Title, where the Lab runs, the connection, and the theme switch. */
export function AppHeader(): ReactNode {
  const connection = useLabStore((s) => s.connection);
  const system = useLabStore((s) => s.system);
  const crashRecordsOff = useLabStore((s) => s.crashRecordsOff);
  const [theme, toggleTheme] = useTheme();
  const machineOpen = useMachineStore((s) => s.open);
  const programOpen = useProgramStore((s) => s.open);
  return (
    <header className="app-header">
      <h1 className="app-header__title">ShmLab</h1>
      <p className="app-header__facts">
        {system === null
          ? connection === 'connecting' || connection === 'open'
            ? 'Connecting to the Lab…'
            : 'Not connected to the Lab.'
          : `${system.host === 'web' ? 'Web mode' : 'Desktop'} · Linux ${system.kernelRelease} · page size ${system.pageSize} B · SHMLBA ${system.shmlba} B · uid ${system.uid}`}
        {crashRecordsOff === null ? null : (
          <span role="alert" className="app-header__notice">
            {crashRecordsOff}
          </span>
        )}
      </p>
      <p
        className={`app-header__connection app-header__connection--${connection === 'open' || connection === 'connecting' ? connection : 'closed'}`}
        role="status"
      >
        {CONNECTION_TEXT[connection]}
      </p>
      <button
        type="button"
        className={machineOpen ? undefined : 'secondary'}
        aria-pressed={machineOpen}
        title="Every segment, semaphore set, message queue and /dev/shm object on this machine"
        onClick={() => machineActions.setOpen(!machineOpen)}
      >
        This machine
      </button>
      <button
        type="button"
        className={programOpen ? undefined : 'secondary'}
        aria-pressed={programOpen}
        title="Write, compile and run a C program of your own beside A and B"
        onClick={() => programActions.setOpen(!programOpen)}
      >
        Your program
      </button>
      <button
        type="button"
        className="secondary"
        onClick={toggleTheme}
        aria-pressed={theme === 'dark'}
      >
        Dark theme
      </button>
    </header>
  );
}
