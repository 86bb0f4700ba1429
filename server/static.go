package server

import (
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Playbook</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40em;margin:4em auto;line-height:1.6">
<h1>Playbook: the frontend is not built</h1>
<p>The server runs, but this binary was built without the web app. Run <code>make build</code>
(or <code>make run</code>) and start it again.</p>
<p>前端尚未构建。请运行 <code>make build</code>(或 <code>make run</code>)后重新启动。</p></body></html>`

// static serves the embedded frontend: files by path, hashed assets cached
// for a year, and index.html for every other path (the app's own routes).
func (s *Server) static() fiber.Handler {
	files := s.cfg.Frontend
	hasIndex := false
	if files != nil {
		if _, err := fs.Stat(files, "index.html"); err == nil {
			hasIndex = true
		}
	}
	return func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return fiber.ErrMethodNotAllowed
		}
		if !hasIndex {
			c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
			return c.Status(fiber.StatusServiceUnavailable).SendString(notBuiltPage)
		}
		name := strings.TrimPrefix(path.Clean("/"+c.Path()), "/")
		if strings.HasPrefix(name, ".") { // build metadata (.vite/manifest.json) is not served
			return errNotFound("file")
		}
		if name != "" && name != "index.html" {
			if data, err := fs.ReadFile(files, name); err == nil {
				ct := mime.TypeByExtension(path.Ext(name))
				if ct == "" {
					ct = fiber.MIMEOctetStream
				}
				c.Set(fiber.HeaderContentType, ct)
				if strings.HasPrefix(name, "assets/") {
					c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
				} else {
					c.Set(fiber.HeaderCacheControl, "no-cache")
				}
				return c.Send(data)
			}
			// A missing file answers 404; any other path is one of the app's
			// routes, dots included (an activity: /w/…/a/1.1, /w/…/a/6.passoff).
			if strings.HasPrefix(name, "assets/") || mime.TypeByExtension(path.Ext(name)) != "" {
				return errNotFound("file")
			}
		}
		data, err := fs.ReadFile(files, "index.html")
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		c.Set(fiber.HeaderCacheControl, "no-cache")
		return c.Send(data)
	}
}
