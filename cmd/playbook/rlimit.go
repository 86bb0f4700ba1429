package main

import (
	"fmt"
	"syscall"
)

// raiseFileLimit lifts this process's open-file limit to at least need (each
// websocket is a file descriptor): the soft limit up to the hard one, and the
// hard one too when the process may (root). It says plainly when the machine
// does not allow enough.
func raiseFileLimit(need int) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return nil // not knowable here: let the sockets fail with their own errors
	}
	want := uint64(need)
	if lim.Cur >= want {
		return nil
	}
	if lim.Max < want {
		raised := syscall.Rlimit{Cur: want, Max: want}
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised) == nil {
			return nil
		}
	}
	lim.Cur = min(lim.Max, max(want, lim.Cur))
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("cannot raise the open-file limit to %d: %v", need, err)
	}
	if lim.Cur < want {
		return fmt.Errorf("this needs %d open files but the limit is %d (raise it with ulimit -n)", need, lim.Cur)
	}
	return nil
}
