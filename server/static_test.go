package server_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"playbook/server"
	"playbook/server/servertest"
	"playbook/store/storetest"
)

// The app's routes are served index.html, those whose last segment has a
// dot included (an activity page, /w/…/a/1.1, opened again after a reload);
// missing files answer 404.
func TestAppRoutesWithDotsServeTheApp(t *testing.T) {
	app := fstest.MapFS{
		"index.html":      {Data: []byte(`<!doctype html><div id="root"></div>`)},
		"assets/index.js": {Data: []byte(`1`)},
	}
	srv := servertest.Start(t, storetest.Backends(t)[0], servertest.Options{Config: server.Config{Frontend: app}})
	c := srv.NewClient()
	for path, want := range map[string]int{
		"/w/01ABC/a/1.1": 200, "/w/01ABC/a/6.passoff": 200, "/w/01ABC/a/1.poll": 200, "/workshops/x": 200,
		"/assets/index.js": 200, "/assets/gone.js": 404, "/missing.js": 404, "/favicon.png": 404,
	} {
		status, body := c.Do("GET", path, nil, nil)
		if status != want || want == 200 && !strings.HasSuffix(path, ".js") && !strings.Contains(string(body), `id="root"`) {
			t.Errorf("GET %s: %d %.80s, want %d", path, status, body, want)
		}
	}
}
