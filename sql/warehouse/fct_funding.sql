-- Grant lines.
CREATE OR REPLACE TABLE fct_funding AS
SELECT g.grant_id,
       f.funder_sk,
       s.structure_sk,
       g.year,
       g.amount_eur,
       g.mode,
       g.mode IN ('multi-year CPOM', 'permanent endowment') AS is_lasting,
       g.purpose,
       g.start_on,
       g.end_on,
       g.partner_id,
       g.source_sha256,
       g.source_line
FROM stg_funding g
LEFT JOIN dim_funder f ON f.funder = g.funder AND f.funder_type = g.funder_type
LEFT JOIN dim_structure s ON s.structure_id = g.structure_id AND make_date(g.year, 12, 31) BETWEEN s.valid_from AND s.valid_to;
COMMENT ON TABLE fct_funding IS 'Grant lines, grain: one grant to one structure for one year';
COMMENT ON COLUMN fct_funding.grant_id IS 'Grant file number';
COMMENT ON COLUMN fct_funding.funder_sk IS 'Funder (dim_funder)';
COMMENT ON COLUMN fct_funding.structure_sk IS 'Beneficiary structure (dim_structure)';
COMMENT ON COLUMN fct_funding.year IS 'Budget year';
COMMENT ON COLUMN fct_funding.amount_eur IS 'Amount in euros';
COMMENT ON COLUMN fct_funding.mode IS 'annual call, multi-year CPOM, permanent endowment';
COMMENT ON COLUMN fct_funding.is_lasting IS 'Multi-year or permanent funding';
COMMENT ON COLUMN fct_funding.purpose IS 'positions, training, supervision, logistics';
COMMENT ON COLUMN fct_funding.start_on IS 'Start of the grant';
COMMENT ON COLUMN fct_funding.end_on IS 'End of the grant';
COMMENT ON COLUMN fct_funding.partner_id IS 'Lineage: partner';
COMMENT ON COLUMN fct_funding.source_sha256 IS 'Lineage: landed file checksum';
COMMENT ON COLUMN fct_funding.source_line IS 'Lineage: line in the file';
