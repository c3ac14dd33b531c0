-- Départements of Auvergne-Rhône-Alpes (region 84) with their legal population (INSEE, 2020 census, in force 2023).
-- Codes are text: '01' keeps its leading zero.
CREATE OR REPLACE TABLE ref_departement AS
SELECT departement, name, region, population, population_year
FROM read_csv('${config}/reference/departements.csv', header = true,
              columns = {'departement': 'VARCHAR', 'name': 'VARCHAR', 'region': 'VARCHAR',
                         'population': 'BIGINT', 'population_year': 'INTEGER'});
COMMENT ON TABLE ref_departement IS 'Départements of region 84 with their INSEE legal population (2020 census, in force 2023)';
COMMENT ON COLUMN ref_departement.departement IS 'COG département code, text (01, 2A)';
COMMENT ON COLUMN ref_departement.name IS 'Département name';
COMMENT ON COLUMN ref_departement.region IS 'COG region code (84 Auvergne-Rhône-Alpes)';
COMMENT ON COLUMN ref_departement.population IS 'Legal population';
COMMENT ON COLUMN ref_departement.population_year IS 'Census year of the legal population';
