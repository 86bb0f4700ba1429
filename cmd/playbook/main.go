// Command playbook runs the sales-process workshop app: `playbook serve`
// serves it, and the other sub-commands prepare, inspect and measure it.
package main

import (
	"fmt"
	"os"
)

// commands maps each sub-command to its function; each takes its own
// arguments and returns the process's exit code.
var commands = map[string]struct {
	run  func(args []string) int
	help string
}{
	"serve":       {runServe, "serve the app (API, websockets, web pages)"},
	"migrate":     {runMigrate, "bring the database schema up to date and exit"},
	"backup":      {runBackup, "copy a live SQLite database consistently, without stopping the server"},
	"healthcheck": {runHealthcheck, "exit 0 when a running server is ready (for container health checks)"},
	"validate":    {runValidate, "check a playbook file: every problem with its JSON path"},
	"export":      {runExport, "write a playbook's JSON, Excel, CSV, CRM or printable export"},
	"passoff":     {runPassoff, "pass-off statistics of a paper score sheet (passoff stats)"},
	"funnel":      {runFunnel, "review a CRM opportunity export: conversion, win rate, velocity, coverage, shape"},
	"loadtest":    {runLoadtest, "simulate participants through the real protocol and measure fan-out latency"},
	"demo":        {runDemo, "serve a demo workshop with filled boards (--bots: simulated participants keep editing)"},
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	name := os.Args[1]
	if name == "-h" || name == "--help" || name == "help" {
		usage()
		return
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "playbook: unknown command %q\n\n", name)
		usage()
		os.Exit(2)
	}
	os.Exit(cmd.run(os.Args[2:]))
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: playbook <command> [flags]\n\ncommands:")
	for _, name := range sortedCommands() {
		fmt.Fprintf(os.Stderr, "  %-10s %s\n", name, commands[name].help)
	}
	fmt.Fprintln(os.Stderr, "\nRun 'playbook <command> -h' for a command's flags.")
}
