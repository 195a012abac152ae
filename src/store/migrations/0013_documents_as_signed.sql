-- Schema 13 (issue 13): documents as signed, the issuing unit of a decision, and two
-- fields of a member the documents need.
--
-- decisions.document: the document model of a decision recorded as signed (number and
-- date), frozen as JSON when it was recorded, so that it prints the same for ever and
-- travels with the decision. Written by the program only.
-- decisions.issuing_unit: the code of the unit that issued it, in the unit list valid on
-- its date (a 2025 commune's decision of 2024 was issued by its predecessor, a unit of
-- the 2008–2025 list). NULL: the installation's own unit.
ALTER TABLE decisions ADD COLUMN issuing_unit TEXT;
ALTER TABLE decisions ADD COLUMN document TEXT;
-- members.age_exception: the Chairman's decision that lets a member over 70 serve (Luật
-- 30/2023/QH15, domain.md §3.2), as its number and date.
-- members.professional_level: vocational or higher education (trung cấp … sau đại học),
-- apart from general education (`education`).
ALTER TABLE members ADD COLUMN age_exception TEXT;
ALTER TABLE members ADD COLUMN professional_level TEXT;
