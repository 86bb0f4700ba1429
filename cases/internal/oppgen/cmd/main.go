// Command oppgen writes the sample opportunity data set of the
// sales-data-analysis case: go generate ./cases (or go run
// ./cases/internal/oppgen/cmd -out cases/builtin/sales-data-analysis).
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"playbook/cases/internal/oppgen"
)

func main() {
	out := flag.String("out", ".", "folder to write opportunities.csv and stage_history.csv into")
	flag.Parse()
	opps, hist := oppgen.Generate()
	if err := os.WriteFile(filepath.Join(*out, "opportunities.csv"), opps, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "stage_history.csv"), hist, 0o644); err != nil {
		log.Fatal(err)
	}
}
