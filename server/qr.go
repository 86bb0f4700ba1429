package server

import (
	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"
)

// qrCode serves the workshop's join URL as a QR code PNG, sized for a
// projector (?size= from 128 to 1024 pixels).
func (s *Server) qrCode(c *fiber.Ctx) error {
	w, err := s.ownWorkshop(c)
	if err != nil {
		return err
	}
	size := c.QueryInt("size", 512)
	if size < 128 || size > 1024 {
		return errBadRequest("size", "size must be between 128 and 1024")
	}
	png, err := qrcode.Encode(s.joinURL(w.JoinCode), qrcode.Medium, size)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	return c.Send(png)
}
