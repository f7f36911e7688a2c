-- Queries of the call-centre callback (api/partners/): its task and its outcome.

-- name: call-task-by-provider-id
SELECT ct.workflow_id, d.idempotency_key, ct.contact_id
FROM call_tasks ct JOIN deliveries d ON d.id = ct.delivery_id
WHERE ct.provider_task_id = $1;

-- name: record-call-outcome
-- A repeated callback for the same task records nothing new.
INSERT INTO call_outcomes (provider_task_id, outcome, notes) VALUES ($1, $2, $3)
ON CONFLICT (provider_task_id) DO NOTHING;
