package server

import "github.com/gofiber/fiber/v2"

// routes registers every route in one table, so the whole API reads at a
// glance. Access: "public" needs nothing, "trainer" a signed-in trainer (and
// handlers check the workshop is theirs), "participant" the workshop's
// participant cookie.
func (s *Server) routes() {
	app := s.app
	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/metrics", s.metricsHandler())

	api := app.Group("/api", s.ensureCSRFCookie, s.checkCSRF)
	api.Get("/setup", s.getSetup)               // public
	api.Post("/setup", s.postSetup)             // public, one-time token
	api.Post("/auth/login", s.login)            // public
	api.Post("/auth/logout", s.logout)          // any
	api.Get("/auth/me", s.requireTrainer, s.me) // trainer
	api.Get("/curriculum", s.requireTrainer, s.getBuiltinCurriculum)

	ws := api.Group("/workshops", s.requireTrainer)
	ws.Get("/", s.listWorkshops)
	ws.Post("/", s.createWorkshop)
	ws.Get("/:id", s.getWorkshop)
	ws.Patch("/:id", s.updateWorkshop)
	ws.Delete("/:id", s.audited("workshop.delete"), s.deleteWorkshop)
	ws.Post("/:id/groups", s.addGroup)
	ws.Patch("/:id/groups/:gid", s.renameGroup)
	ws.Get("/:id/participants", s.listParticipants)
	ws.Patch("/:id/participants/:pid", s.audited("participant.move"), s.moveParticipant)
	ws.Get("/:id/boards", s.listBoards)
	ws.Get("/:id/qr.png", s.qrCode)
	// The company playbook (server/playbook.go): converge, publish, export.
	ws.Get("/:id/playbook", s.getCompanyPlaybook)
	ws.Get("/:id/playbook/compare/:activity", s.compareActivity)
	ws.Post("/:id/playbook/adopt", s.adoptIntoPlaybook)
	ws.Post("/:id/playbook/set", s.setInPlaybook)
	ws.Get("/:id/playbook/adoptions", s.listAdoptions)
	ws.Post("/:id/playbook/publish", s.audited("playbook.publish"), s.publishPlaybook)
	ws.Get("/:id/playbook/versions/:n", s.getPlaybookVersion)
	ws.Get("/:id/playbook/export/:format", s.audited("playbook.export"), s.exportPlaybook)
	ws.Post("/:id/playbook/votes", s.audited("playbook.vote"), s.createPlaybookVote) // a disputed field to a room vote (server/playbook_votes.go)
	ws.Get("/:id/playbook/votes", s.listPlaybookVotes)
	ws.Post("/:id/playbook/votes/:vote/decide", s.audited("playbook.vote.decide"), s.decidePlaybookVote)
	ws.Post("/:id/funnel", s.audited("funnel.load"), s.loadWorkshopFunnel) // an analysis onto every group's funnel board (5.0)

	// Funnel reviews (trainer): upload an opportunity export in parts, map it,
	// analyse it (a stream of progress lines, then the result), export XLSX.
	fr := api.Group("/funnel/reviews", s.requireTrainer)
	fr.Get("/", s.listFunnelReviews)
	fr.Post("/", s.createFunnelReview)
	fr.Get("/:rid", s.getFunnelReview)
	fr.Patch("/:rid", s.updateFunnelReview)
	fr.Delete("/:rid", s.audited("funnel.delete"), s.deleteFunnelReview)
	fr.Post("/:rid/files/:role", s.startFunnelUpload)             // {name, size}
	fr.Put("/:rid/files/:role/parts/:n", s.putFunnelPart)         // raw bytes, ≤ 4 MB
	fr.Post("/:rid/files/:role/complete", s.completeFunnelUpload) // → preview
	fr.Post("/:rid/preview", s.previewFunnel)                     // settings → preview
	fr.Post("/:rid/analyze", s.analyzeFunnel)                     // settings → NDJSON
	fr.Get("/:rid/export.xlsx", s.audited("funnel.export"), s.exportFunnel)

	// Pass-off (通关) rounds: boards and panel, library rubrics, paper sheets,
	// statistics and exports (server/passoff.go). The live scoring itself is
	// on the websocket.
	ws.Get("/:id/passoff/:activity", s.getPassoff)
	ws.Put("/:id/passoff/:activity/judges", s.audited("passoff.judges"), s.putJudges)
	ws.Put("/:id/passoff/:activity/rubric", s.putRoundRubric)
	ws.Put("/:id/passoff/:activity/scenario", s.putScenario)
	ws.Post("/:id/passoff/:activity/import", s.audited("passoff.import"), s.postPassoffImport)
	ws.Get("/:id/passoff/:activity/report", s.getPassoffReport)
	ws.Get("/:id/passoff/:activity/results", s.getPassoffResults)
	ws.Get("/:id/passoff/:activity/ledger.xlsx", s.audited("passoff.export"), s.getPassoffXLSX)
	ws.Get("/:id/passoff/:activity/certificates", s.audited("passoff.certificates"), s.getCertificates)

	// The trainer's pass-off rubric library ("builtin" is the built-in rubric).
	rub := api.Group("/passoff/rubrics", s.requireTrainer)
	rub.Get("/", s.listRubrics)
	rub.Post("/", s.createRubric)
	rub.Get("/:rid", s.getRubric)
	rub.Put("/:rid", s.updateRubric)
	rub.Delete("/:rid", s.audited("rubric.delete"), s.deleteRubric)
	rub.Post("/:rid/copy", s.copyRubric)
	api.Get("/passoff/print.js", s.printScript) // public: the certificates' print button

	// The audit log (server/audit.go): a workshop's, and the trainer's whole log.
	ws.Get("/:id/audit", s.workshopAudit)
	api.Get("/audit", s.requireTrainer, s.myAudit)

	// Facilitation (curriculum): every group board's progress for the console grid.
	ws.Get("/:id/progress", s.progress)

	// The curriculum library (curriculum): the built-in curriculum and the
	// trainer's own editable copies; workshops are created from either.
	cur := api.Group("/curricula", s.requireTrainer)
	cur.Get("/", s.listCurricula)
	cur.Post("/", s.createCurriculum)
	cur.Get("/:cid", s.getCurriculum)
	cur.Put("/:cid", s.updateCurriculum)
	cur.Delete("/:cid", s.audited("curriculum.delete"), s.deleteCurriculum)

	// Case library (trainer): built-in cases and the trainer's own; another
	// trainer's case answers 404. Handlers in cases*.go.
	cs := api.Group("/cases", s.requireTrainer)
	cs.Get("/", s.listCases)
	cs.Post("/", s.createCase)
	cs.Get("/export", s.audited("cases.export"), s.exportLibrary) // before /:id
	cs.Get("/scenarios", s.listScenarios)                         // role-play briefs, for pass-off rounds
	cs.Post("/import", s.importCases)
	cs.Get("/:id", s.getCase)
	cs.Put("/:id", s.updateCase)
	cs.Patch("/:id", s.patchCase)
	cs.Delete("/:id", s.audited("case.delete"), s.deleteCase)
	cs.Post("/:id/copy", s.copyCase)
	cs.Get("/:id/export", s.audited("case.export"), s.exportCase)
	cs.Post("/:id/files", s.uploadCaseImage)
	cs.Get("/:id/files/:name", s.getCaseFile)
	cs.Delete("/:id/files/:name", s.audited("case.file.delete"), s.deleteCaseFile)
	// Cases in a workshop (trainer, own workshop).
	ws.Get("/:id/cases", s.listWorkshopCases)
	ws.Get("/:id/cases/:case", s.projectorCase) // participant view, for the projector
	ws.Post("/:id/activities/:activity/cases", s.attachCase)
	ws.Delete("/:id/activities/:activity/cases/:case", s.audited("case.detach"), s.detachCase)
	ws.Post("/:id/boards/:board/case", s.adoptCaseDraft) // 案例萃取
	// Cases for participants: attached cases only, never the teaching notes.
	api.Get("/p/:workshop/cases", s.participantCases)
	api.Get("/p/:workshop/cases/:case", s.participantCase)
	api.Get("/p/:workshop/cases/:case/files/:name", s.participantCaseFile)

	api.Get("/join/:code", s.joinInfo)                                   // public, rate-limited
	api.Post("/join", s.join)                                            // public, rate-limited
	api.Get("/p/:workshop", s.participantView)                           // participant
	api.Get("/p/:workshop/playbook/export/:format", s.participantExport) // participant: group outputs or the published playbook
	// Participant (curriculum): their action plan (JSON, or ?format=md to
	// download) and the boards a running gallery walk opens.
	api.Get("/p/:workshop/action-plan", s.actionPlan)
	api.Get("/p/:workshop/gallery", s.gallery)

	api.All("/*", func(c *fiber.Ctx) error { return errNotFound("API route") })

	app.Get("/ws", s.websocketUpgrade)
	app.Use(s.static())
}
