using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubWatch.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class UnreadWeights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Unread",
                table: "WeightFingerprints",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UnreadParameters",
                table: "WeightFingerprints",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Unread",
                table: "WeightFingerprints");

            migrationBuilder.DropColumn(
                name: "UnreadParameters",
                table: "WeightFingerprints");
        }
    }
}
