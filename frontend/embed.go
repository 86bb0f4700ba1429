// Package frontend embeds the built React app (frontend/dist) into the
// binary. `make build` fills dist; without it the server serves a page that
// says how to build it.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built app's files, rooted at dist.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("frontend: " + err.Error())
	}
	return sub
}
