package realtime

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the hub's Prometheus collectors, served at /metrics.
type Metrics struct {
	Connections   prometheus.Gauge
	OpsApplied    prometheus.Counter
	CommitLatency prometheus.Histogram
	BatchSize     prometheus.Histogram
	Errors        *prometheus.CounterVec
	Dropped       *prometheus.CounterVec
}

// NewMetrics makes the collectors and registers them with reg (which may be nil).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Connections: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "playbook_ws_connections", Help: "Open websocket connections on this instance.",
		}),
		OpsApplied: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "playbook_operations_applied_total", Help: "Board operations applied and committed.",
		}),
		CommitLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "playbook_operation_commit_seconds",
			Help:    "Time from an operation's arrival to its durable commit.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5},
		}),
		BatchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "playbook_commit_batch_operations",
			Help:    "Operations committed per transaction (group commit).",
			Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
		}),
		Errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "playbook_errors_total", Help: "Error frames sent and HTTP errors answered, by code.",
		}, []string{"code"}),
		Dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "playbook_ws_closed_total", Help: "Connections closed by the server, by reason.",
		}, []string{"reason"}),
	}
	if reg != nil {
		reg.MustRegister(m.Connections, m.OpsApplied, m.CommitLatency, m.BatchSize, m.Errors, m.Dropped)
	}
	return m
}
