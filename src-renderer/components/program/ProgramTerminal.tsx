import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { onProgramOutput, programActions, programScrollback } from '../../store/program-store';
import { readTerminalTheme, watchTheme } from './terminal-theme';

/**
 * The run's terminal (xterm.js): what the program prints arrives as it comes; what the learner
 * types goes to the program's pty as typed (^C included: the pty's line discipline turns it into
 * SIGINT); its size follows the box (TIOCSWINSZ). Tab leaves the terminal, so the keyboard never
 * gets stuck in it.
 */
export function ProgramTerminal({ labelId }: { labelId: string }): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current!;
    const terminal = new Terminal({
      convertEol: false,
      cursorBlink: false,
      fontFamily: getComputedStyle(element).fontFamily,
      fontSize: 13,
      scrollback: 5000,
      theme: readTerminalTheme(element),
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.attachCustomKeyEventHandler((event) => event.key !== 'Tab');
    terminal.open(element);
    terminal.textarea?.setAttribute('aria-labelledby', labelId);
    const resize = (): void => {
      // fit() measures the box; a hidden or zero-size box gives nothing to apply.
      const size = fit.proposeDimensions();
      if (size === undefined || !Number.isFinite(size.cols) || size.cols < 2 || size.rows < 2)
        return;
      fit.fit();
      void programActions.resize(terminal.cols, terminal.rows);
    };
    resize();
    const { text } = programScrollback();
    if (text !== '') terminal.write(text);
    const stopOutput = onProgramOutput((write) => {
      if (write.kind === 'reset') terminal.reset();
      else terminal.write(write.data);
    });
    const input = terminal.onData((data) => void programActions.type(data));
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    const stopTheme = watchTheme(() => {
      terminal.options.theme = readTerminalTheme(element);
    });
    return () => {
      stopTheme();
      observer.disconnect();
      input.dispose();
      stopOutput();
      terminal.dispose();
    };
  }, [labelId]);
  return <div ref={host} className="program-terminal" />;
}
