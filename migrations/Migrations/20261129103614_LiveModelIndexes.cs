using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LiveModelIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Verdicts_Relation",
                table: "Verdicts");

            migrationBuilder.DropIndex(
                name: "IX_Models_Architecture",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Models_License",
                table: "Models");

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_Current_Relation_ModelId",
                table: "Verdicts",
                columns: new[] { "Relation", "ModelId" },
                filter: "\"Current\"");

            migrationBuilder.CreateIndex(
                name: "IX_Models_Architecture",
                table: "Models",
                column: "Architecture",
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Models_License",
                table: "Models",
                column: "License",
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Models_Live_CreatedAt_Id",
                table: "Models",
                columns: new[] { "CreatedAt", "Id" },
                filter: "\"DeletedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Verdicts_Current_Relation_ModelId",
                table: "Verdicts");

            migrationBuilder.DropIndex(
                name: "IX_Models_Architecture",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Models_License",
                table: "Models");

            migrationBuilder.DropIndex(
                name: "IX_Models_Live_CreatedAt_Id",
                table: "Models");

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_Relation",
                table: "Verdicts",
                column: "Relation",
                filter: "\"Current\"");

            migrationBuilder.CreateIndex(
                name: "IX_Models_Architecture",
                table: "Models",
                column: "Architecture");

            migrationBuilder.CreateIndex(
                name: "IX_Models_License",
                table: "Models",
                column: "License");
        }
    }
}
