-- Lists count a customer's waiting interactions for every row shown.
CREATE INDEX interactions_customer_state ON interactions(customer_id, state);
