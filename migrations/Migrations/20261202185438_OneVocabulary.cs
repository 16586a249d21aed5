using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class OneVocabulary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "LicenceConflict",
                table: "Verdicts",
                newName: "LicenseConflict");

            migrationBuilder.RenameColumn(
                name: "LicenceConflicts",
                table: "MonthlyStats",
                newName: "LicenseConflicts");

            migrationBuilder.AddColumn<bool>(
                name: "DeclaresMergekit",
                table: "Models",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // the rows stored so far, by MergekitDeclaration's rule as it stands today; EF keeps it up to date from now on
            migrationBuilder.Sql("""
                UPDATE Models SET DeclaresMergekit =
                    HasMergekitConfig OR (MergekitVersion IS NOT NULL AND MergekitVersion <> '') OR Tags LIKE '%"mergekit"%'
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeclaresMergekit",
                table: "Models");

            migrationBuilder.RenameColumn(
                name: "LicenseConflict",
                table: "Verdicts",
                newName: "LicenceConflict");

            migrationBuilder.RenameColumn(
                name: "LicenseConflicts",
                table: "MonthlyStats",
                newName: "LicenceConflicts");
        }
    }
}
