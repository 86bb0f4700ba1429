// Package htmlcheck tells whether an HTML document could run script: the
// fuzz targets of every HTML the server renders from user text (reports,
// certificates) use it to prove that text stays text.
package htmlcheck

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// ScriptFree returns an error naming the first element or attribute that
// would run script: a <script> element (allowed only with a src on the same
// site, when sameSiteScripts), an event-handler attribute (on…), a
// javascript: URL, or an <iframe>, <object> or <embed>.
func ScriptFree(doc []byte, sameSiteScripts bool) error {
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return nil
			}
			return z.Err()
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script":
				src := ""
				for _, a := range tok.Attr {
					if a.Key == "src" {
						src = a.Val
					}
				}
				if !sameSiteScripts || !strings.HasPrefix(src, "/") || strings.HasPrefix(src, "//") {
					return fmt.Errorf("a <script> element (src %q)", src)
				}
			case "iframe", "object", "embed":
				return fmt.Errorf("an <%s> element", tok.Data)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					return fmt.Errorf("an event handler %s=%q on <%s>", a.Key, a.Val, tok.Data)
				}
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if (a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "xlink:href") && strings.HasPrefix(v, "javascript:") {
					return fmt.Errorf("a javascript: URL in %s on <%s>", a.Key, tok.Data)
				}
			}
		}
	}
}
